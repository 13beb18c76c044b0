#!/usr/bin/env python3
"""Example external model in plain Python 3 (no packages): a time-to-collision AEB speaking
Assay's JSON-lines protocol (docs/model-protocol.md) on stdin/stdout.

  assay run scenarios/euro-ncap --model 'process:["python3","examples/process/aeb_model.py"]:ttc=2'

Parameters (strings, from the spec): ttc [s] (default 2), decel [m/s^2] (default 8).
Diagnostics go to stderr: Assay keeps its tail as evidence when a case fails.
"""
import json
import math
import sys

NAME, VERSION = "example-aeb-python", "1"


def in_path_ttc(obs):
    """TTC to the nearest object overlapping the ego's width (objects are nearest first)."""
    for o in obs["objects"]:
        if abs(o["lateral_offset"]) < 0.5 * (obs["ego_width"] + o["width"]):
            if o["relative_speed"] < 0:
                return max(o["distance"], 0.0) / -o["relative_speed"]
            return math.inf
    return math.inf


def main():
    ttc_limit, decel, braking = 2.0, 8.0, False
    for line in sys.stdin:
        msg = json.loads(line)
        kind = msg["type"]
        if kind == "hello":
            reply = {"type": "hello", "protocol": 1, "name": NAME, "version": VERSION}
        elif kind == "reset":
            p = msg["parameters"]
            ttc_limit = float(p.get("ttc", 2.0))
            decel = float(p.get("decel", 8.0))
            braking = False
            reply = {"type": "ready"}
        elif kind == "step":
            ttc = in_path_ttc(msg)
            if not braking and ttc < ttc_limit:
                braking = True
            if braking and math.isinf(ttc):
                braking = False
            accel = -decel if braking and msg["ego_speed"] > 0 else 0.0
            reply = {"accel": accel, "steer": 0.0}
        elif kind == "close":
            return
        else:
            print("unknown message type", kind, file=sys.stderr)
            return 1
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
