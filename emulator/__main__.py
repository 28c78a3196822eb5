"""python -m emulator: a local Huawei Cloud VPN (v5) and IAM API for trying and testing hwcloud.vpn."""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from . import config as defaults
from .config import Account, Config, Faults
from .server import create_server
from .store import StateFileError


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m emulator",
        description="A local, stateful emulator of the Huawei Cloud VPN v5 API and the IAM calls hwcloud.vpn "
                    "uses. Every option can also be set with the environment variable named in its help.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--host", default=_env("EMULATOR_HOST", "127.0.0.1"),
                        help="address to listen on (EMULATOR_HOST); keep it on loopback")
    parser.add_argument("--port", type=int, default=int(_env("EMULATOR_PORT", "0")),
                        help="port to listen on, 0 for a free one (EMULATOR_PORT)")
    parser.add_argument("--access-key", default=_env("EMULATOR_ACCESS_KEY", defaults.DEFAULT_ACCESS_KEY),
                        help="the one access key accepted (EMULATOR_ACCESS_KEY)")
    parser.add_argument("--secret-key", default=_env("EMULATOR_SECRET_KEY", defaults.DEFAULT_SECRET_KEY),
                        help="its secret key (EMULATOR_SECRET_KEY)")
    parser.add_argument("--project-id", default=_env("EMULATOR_PROJECT_ID", defaults.DEFAULT_PROJECT_ID),
                        help="the account's project id (EMULATOR_PROJECT_ID)")
    parser.add_argument("--region", default=_env("EMULATOR_REGION", defaults.DEFAULT_REGION),
                        help="the project's region; IAM resolves it to the project id (EMULATOR_REGION)")
    parser.add_argument("--domain-name", default=_env("EMULATOR_DOMAIN_NAME", defaults.DEFAULT_DOMAIN_NAME),
                        help="IAM account (domain) name for password tokens (EMULATOR_DOMAIN_NAME)")
    parser.add_argument("--user-name", default=_env("EMULATOR_USER_NAME", defaults.DEFAULT_USER_NAME),
                        help="IAM user name for password tokens (EMULATOR_USER_NAME)")
    parser.add_argument("--user-password", default=_env("EMULATOR_USER_PASSWORD", defaults.DEFAULT_USER_PASSWORD),
                        help="IAM user password (EMULATOR_USER_PASSWORD)")
    parser.add_argument("--transition-seconds", type=float,
                        default=float(_env("EMULATOR_TRANSITION_SECONDS", "1.0")),
                        help="how long resources stay in each pending status (EMULATOR_TRANSITION_SECONDS)")
    parser.add_argument("--state-file", default=os.environ.get("EMULATOR_STATE_FILE"),
                        help="persist state in this JSON file across restarts (EMULATOR_STATE_FILE)")
    parser.add_argument("--fault-rate", type=float, default=float(_env("EMULATOR_FAULT_RATE", "0")),
                        help="fraction of API requests answered with 500/502/503/504, VPN.0030 or a dropped "
                             "connection (EMULATOR_FAULT_RATE)")
    parser.add_argument("--rate-limit", type=int, default=int(_env("EMULATOR_RATE_LIMIT", "0")),
                        help="answer 429 with Retry-After above this many requests per second, 0 for no limit "
                             "(EMULATOR_RATE_LIMIT)")
    parser.add_argument("--latency-ms", type=int, default=int(_env("EMULATOR_LATENCY_MS", "0")),
                        help="delay every API request by this many milliseconds (EMULATOR_LATENCY_MS)")
    parser.add_argument("--lose-create-responses", type=float,
                        default=float(_env("EMULATOR_LOSE_CREATE_RESPONSES", "0")),
                        help="fraction of successful creates (writes answered 201) whose answer is lost: the "
                             "resource exists but the client sees a 504 (EMULATOR_LOSE_CREATE_RESPONSES)")
    parser.add_argument("--seed", type=int, default=int(_env("EMULATOR_SEED", "-1")),
                        help="random seed for fault injection, for reproducible runs; -1 for a random one "
                             "(EMULATOR_SEED)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    for option, value in (("--fault-rate", args.fault_rate), ("--lose-create-responses", args.lose_create_responses)):
        if not 0.0 <= value <= 1.0:
            parser.error(f"{option} is a fraction from 0 to 1, got {value}")
    for option, value in (("--rate-limit", args.rate_limit), ("--latency-ms", args.latency_ms)):
        if value < 0:
            parser.error(f"{option} cannot be negative, got {value}")
    return args


def config_from_args(args: argparse.Namespace) -> Config:
    account = Account(access_key=args.access_key, secret_key=args.secret_key, project_id=args.project_id,
                      region=args.region, domain_name=args.domain_name, user_name=args.user_name,
                      user_password=args.user_password)
    faults = Faults(fault_rate=args.fault_rate, rate_limit=args.rate_limit, latency_ms=args.latency_ms,
                    lose_create_response_rate=args.lose_create_responses,
                    seed=None if args.seed < 0 else args.seed)
    return Config(account=account, transition_seconds=args.transition_seconds, state_file=args.state_file,
                  faults=faults)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        server, unused_app = create_server(config_from_args(args), args.host, args.port, verbose=args.verbose)
    except StateFileError as error:
        print(f"python -m emulator: {error}", file=sys.stderr)
        return 2
    # Tests and scripts read this first line to learn the port when --port is 0.
    print(f"hwcloud.vpn emulator listening on http://{args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
