#!/usr/bin/env python3
"""A model that misbehaves on purpose, for tests/models_process_test.cc and
tests/harness_process_test.cc. Usage: misbehave.py MODE [PID_FILE]

MODE: good (brakes at TTC < 2 s), crash (exits at t >= 0.5 s), hang (stops answering at
t >= 0.5 s), garbage (prints non-JSON at t >= 0.5 s), nan (answers NaN at t >= 0.5 s),
badhello (wrong protocol version), numtype (a number as the handshake's "type"), silent (never
answers the handshake), echo (answers accel = ego_lateral_offset, steer = road_curvature).
Appends its PID to PID_FILE so the test can check no process survives.
"""
import json
import math
import os
import sys
import time

mode = sys.argv[1]
if len(sys.argv) > 2:
    with open(sys.argv[2], "a") as f:
        f.write(f"{os.getpid()}\n")

braking = False
for line in sys.stdin:
    msg = json.loads(line)
    kind = msg["type"]
    if kind == "hello":
        if mode == "silent":
            time.sleep(3600)
        reply = {"type": 5 if mode == "numtype" else "hello",
                 "protocol": 2 if mode == "badhello" else 1,
                 "name": "misbehave-" + mode, "version": "1"}
    elif kind == "reset":
        braking = False
        reply = {"type": "ready"}
    elif kind == "step":
        if msg["t"] >= 0.5 and mode != "good":
            print(f"misbehave: going {mode} at t={msg['t']:.2f}", file=sys.stderr, flush=True)
            if mode == "crash":
                os._exit(3)
            if mode == "hang":
                time.sleep(3600)
            if mode == "garbage":
                sys.stdout.write("this is not json\n")
                sys.stdout.flush()
                continue
            if mode == "nan":
                sys.stdout.write(json.dumps({"accel": math.nan, "steer": 0.0}) + "\n")
                sys.stdout.flush()
                continue
        if mode == "echo":
            sys.stdout.write(json.dumps({"accel": msg["ego_lateral_offset"],
                                         "steer": msg["road_curvature"]}) + "\n")
            sys.stdout.flush()
            continue
        ttc = math.inf
        for o in msg["objects"]:
            if abs(o["lateral_offset"]) < 0.5 * (msg["ego_width"] + o["width"]):
                if o["relative_speed"] < 0:
                    ttc = max(o["distance"], 0.0) / -o["relative_speed"]
                break
        braking = (braking or ttc < 2.0) and math.isfinite(ttc)
        reply = {"accel": -8.0 if braking and msg["ego_speed"] > 0 else 0.0, "steer": 0.0}
    elif kind == "close":
        break
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
