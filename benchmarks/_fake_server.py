"""Run tests/support/servers.py's FakeOpenAIServer in its own process (a stand-in for a remote endpoint).

    python benchmarks/_fake_server.py --delay 0.2 [--backlog N]

Prints the base URL on the first line of stdout, then serves until stdin closes or it is killed.
``--nodelay`` sets TCP_NODELAY on accepted sockets, ``--backlog`` overrides ThreadingHTTPServer's listen backlog (default 5) for diagnosis only.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import servers  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--backlog", type=int, default=None)
    parser.add_argument("--nodelay", action="store_true", help="diagnosis: TCP_NODELAY on the server's sockets")
    args = parser.parse_args()
    if args.nodelay:
        # StreamRequestHandler's own switch; the handler writes headers and body separately,
        # so with Nagle on, each response waits for the client's delayed ACK (~40 ms).
        from http.server import BaseHTTPRequestHandler

        BaseHTTPRequestHandler.disable_nagle_algorithm = True
    if args.backlog is not None:
        servers._Server.request_queue_size = args.backlog
    with servers.FakeOpenAIServer(delay=args.delay) as server:
        print(server.base_url, flush=True)
        done = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
        done.wait()
    print(f"requests {server.requests}", file=sys.stderr)


if __name__ == "__main__":
    main()
