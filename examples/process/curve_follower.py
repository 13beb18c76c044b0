#!/usr/bin/env python3
"""Example external model in plain Python 3 (no packages): keeps its lane on straight and curved
roads and follows the car ahead, speaking Assay's JSON-lines protocol (docs/model-protocol.md).

  assay run scenarios/examples/follow-on-curve.json \\
      --model 'process:["python3","examples/process/curve_follower.py"]'

Steering: the lane's curvature fed forward, atan(L * road_curvature) (the steer of a kinematic
single-track car on that circle), plus feedback on the lateral offset and the heading relative
to the road. Speed: the Intelligent Driver Model (Treiber, Hennecke, Helbing 2000) towards the
initial speed, behind the nearest object in the ego's path.

Parameters (strings, from the spec): wheelbase [m] (default 2.39, the Ford Escort's lf + lr),
headway [s] (default 1.5). Diagnostics go to stderr.
"""
import json
import math
import sys

NAME, VERSION = "example-curve-follower", "1"
K_OFFSET = 0.05  # rad of steer per metre of lateral offset
K_YAW = 0.5  # rad of steer per rad of heading error
IDM_A, IDM_B, IDM_S0, IDM_DELTA = 1.0, 2.0, 2.0, 4.0


def lead(obs):
    """The nearest object overlapping the ego's width (objects are nearest first)."""
    for o in obs["objects"]:
        if abs(o["lateral_offset"]) < 0.5 * (obs["ego_width"] + o["width"]):
            return o
    return None


def idm(v, v0, headway, o):
    free = 1.0 - (v / v0) ** IDM_DELTA if v0 > 0 else -1.0
    if o is None:
        return IDM_A * free
    dv = -o["relative_speed"]  # closing speed
    s_star = IDM_S0 + max(0.0, v * headway + v * dv / (2.0 * math.sqrt(IDM_A * IDM_B)))
    gap = max(o["distance"], 0.1)
    return IDM_A * (free - (s_star / gap) ** 2)


def main():
    wheelbase, headway, v0 = 2.39, 1.5, 0.0
    for line in sys.stdin:
        msg = json.loads(line)
        kind = msg["type"]
        if kind == "hello":
            reply = {"type": "hello", "protocol": 1, "name": NAME, "version": VERSION}
        elif kind == "reset":
            p = msg["parameters"]
            wheelbase = float(p.get("wheelbase", 2.39))
            headway = float(p.get("headway", 1.5))
            v0 = msg["initial_speed"]
            reply = {"type": "ready"}
        elif kind == "step":
            steer = (math.atan(wheelbase * msg["road_curvature"])
                     - K_OFFSET * msg["ego_lateral_offset"] - K_YAW * msg["ego_yaw"])
            accel = max(-9.0, idm(msg["ego_speed"], v0, headway, lead(msg)))
            reply = {"accel": accel, "steer": steer}
        elif kind == "close":
            return 0
        else:
            print("unknown message type", kind, file=sys.stderr)
            return 1
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
