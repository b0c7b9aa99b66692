#!/usr/bin/env python3
"""Runs a runtime example service and a client against it on loopback.

  run-example-pair.py --service CMD... --client CMD...

The service command gets --port-file; the client's {port} is replaced by
the port the service bound. Exits with the client's status, or 1 when the
service did not start or did not stop cleanly on SIGTERM.
"""
import argparse
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--service", required=True, help="service command line")
    ap.add_argument("--client", required=True, help="client command line, {port} is the service's port")
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port_file = os.path.join(tmp, "port")
        service = subprocess.Popen(shlex.split(args.service) + ["--port-file", port_file],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 10
            while not os.path.exists(port_file):
                if service.poll() is not None or time.monotonic() > deadline:
                    print("service did not start:\n" + (service.communicate()[0] or ""))
                    return 1
                time.sleep(0.02)
            port = open(port_file).read().strip()
            client_cmd = shlex.split(args.client.replace("{port}", port))
            print("client:", " ".join(client_cmd), flush=True)
            client = subprocess.run(client_cmd, timeout=args.timeout)
        finally:
            if service.poll() is None:
                service.send_signal(signal.SIGTERM)
            try:
                out = service.communicate(timeout=10)[0]
            except subprocess.TimeoutExpired:
                service.kill()
                out = service.communicate()[0]
                print("service ignored SIGTERM")
                return 1
        print("service:\n" + out)
        if service.returncode != 0:
            print(f"service exited with status {service.returncode}")
            return 1
        return client.returncode


if __name__ == "__main__":
    sys.exit(main())
