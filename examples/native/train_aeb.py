#!/usr/bin/env python3
"""Trains a small AEB classifier with scikit-learn and exports it to examples/native/aeb-tree.json.

The training data are synthetic: (ego speed, time-to-collision, closing speed) drawn uniformly
and labelled "brake at 8 m/s^2" when the TTC is below 2 s and the lead is closing — the decision
rule of the built-in aeb-ttc model, learned by a decision tree. The point is the workflow
(train → export → `assay run --model native:...`), not the controller. Needs python3-sklearn:
  /usr/bin/python3 examples/native/train_aeb.py
"""
import os
import pickle
import random
import subprocess
import sys

from sklearn.tree import DecisionTreeClassifier

HERE = os.path.dirname(os.path.abspath(__file__))

rng = random.Random(3)
X, y = [], []
for _ in range(5000):
    ego_speed = rng.uniform(0.0, 25.0)
    ttc = rng.uniform(0.0, 10.0)           # features are capped at ttc_cap = 10 s
    closing = rng.uniform(-15.0, 5.0)      # lead_relative_speed; < 0 closing
    brake = ttc < 2.0 and closing < 0.0 and ego_speed > 0.0
    X.append([ego_speed, ttc, closing])
    y.append(-8.0 if brake else 0.0)

model = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)
pkl = os.path.join(HERE, "aeb-tree.pkl")
with open(pkl, "wb") as f:
    pickle.dump(model, f)
out = os.path.join(HERE, "aeb-tree.json")
subprocess.run([sys.executable, os.path.join(HERE, "export_model.py"), pkl,
                "--inputs", "ego_speed,lead_ttc,lead_relative_speed", "--outputs", "accel",
                "--name", "aeb-tree", "--version", "1",
                "--description", "decision tree trained on the aeb-ttc rule (examples/native/"
                "train_aeb.py)", "-o", out, "--check", "500"], check=True)
os.remove(pkl)
# The exporter cannot know the TTC cap the data assumed; add it to the file.
import json
with open(out) as f:
    doc = json.load(f)
doc["ttc_cap"] = 10.0
with open(out, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
