#!/usr/bin/env python3
"""Example external model using numpy: the same TTC AEB as aeb_model.py, with the in-path test
and the time-to-collision computed on arrays. Needs python3-numpy.

  assay run scenarios/euro-ncap --model 'process:["python3","examples/process/aeb_numpy.py"]'
"""
import json
import sys

import numpy as np

NAME, VERSION = "example-aeb-numpy", "1"


def in_path_ttc(obs):
    objs = obs["objects"]
    if not objs:
        return np.inf
    lateral = np.array([o["lateral_offset"] for o in objs])
    width = np.array([o["width"] for o in objs])
    in_path = np.flatnonzero(np.abs(lateral) < 0.5 * (obs["ego_width"] + width))
    if in_path.size == 0:
        return np.inf
    lead = objs[in_path[0]]
    closing = -lead["relative_speed"]
    return max(lead["distance"], 0.0) / closing if closing > 0 else np.inf


def main():
    ttc_limit, decel, braking = 2.0, 8.0, False
    for line in sys.stdin:
        msg = json.loads(line)
        kind = msg["type"]
        if kind == "hello":
            reply = {"type": "hello", "protocol": 1, "name": NAME,
                     "version": VERSION + "+numpy" + np.__version__}
        elif kind == "reset":
            p = msg["parameters"]
            ttc_limit = float(p.get("ttc", 2.0))
            decel = float(p.get("decel", 8.0))
            braking = False
            reply = {"type": "ready"}
        elif kind == "step":
            ttc = in_path_ttc(msg)
            braking = (braking or ttc < ttc_limit) and np.isfinite(ttc)
            reply = {"accel": float(-decel if braking and msg["ego_speed"] > 0 else 0.0),
                     "steer": 0.0}
        elif kind == "close":
            return
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
