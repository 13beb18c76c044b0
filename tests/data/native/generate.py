#!/usr/bin/env python3
"""Regenerates the reference fixtures of tests/models_native_reference_test.cc.

Trains small scikit-learn models on fixed synthetic data, exports each with
examples/native/export_model.py and stores scikit-learn's own predictions on fixed inputs
("<name>.expected.json"). The C++ evaluator must reproduce them. Needs python3-sklearn; the
tests only read the stored files. Inputs are multiples of 1/8 so they are exact in float32,
the precision scikit-learn's trees compare in.
"""
import json
import os
import pickle
import subprocess
import sys

import numpy as np
from sklearn.ensemble import (GradientBoostingClassifier, GradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORT = os.path.join(HERE, "..", "..", "..", "examples", "native", "export_model.py")
INPUTS = "ego_speed,lead_distance,lead_relative_speed"

rng = np.random.default_rng(7)
X = np.round(rng.uniform(0, 40, size=(400, 3)) * 8) / 8
X[:, 2] -= 20
y_reg = 0.3 * X[:, 0] - 0.1 * X[:, 1] + np.sin(X[:, 2] / 5)
y_bin = np.where(X[:, 1] / np.maximum(-X[:, 2], 0.1) < 2.0, -8.0, 0.0)
y_multi = np.digitize(y_reg, [-2, 2]).astype(float) * -3.0
X_test = np.round(rng.uniform(0, 40, size=(50, 3)) * 8) / 8
X_test[:, 2] -= 20

models = {
    "mlp_regressor": make_pipeline(StandardScaler(), MLPRegressor(
        hidden_layer_sizes=(32, 32), max_iter=300, random_state=0)).fit(X, y_reg),
    "mlp_classifier": MLPClassifier(hidden_layer_sizes=(8,), activation="tanh", max_iter=300,
                                    random_state=0).fit(X, y_multi),
    "linear": LinearRegression().fit(X, y_reg),
    "logistic": make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y_bin),
    "tree_regressor": DecisionTreeRegressor(max_depth=5, random_state=0).fit(X, y_reg),
    "tree_classifier": DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y_multi),
    "forest_regressor": RandomForestRegressor(n_estimators=10, max_depth=4,
                                              random_state=0).fit(X, y_reg),
    "forest_classifier": RandomForestClassifier(n_estimators=10, max_depth=4,
                                                random_state=0).fit(X, y_bin),
    "boosting_regressor": GradientBoostingRegressor(n_estimators=20, max_depth=3,
                                                    random_state=0).fit(X, y_reg),
    "boosting_binary": GradientBoostingClassifier(n_estimators=20, max_depth=2,
                                                  random_state=0).fit(X, y_bin),
    "boosting_multiclass": GradientBoostingClassifier(n_estimators=10, max_depth=2,
                                                      random_state=0).fit(X, y_multi),
}

for name, model in models.items():
    pkl = os.path.join(HERE, name + ".pkl")
    with open(pkl, "wb") as f:
        pickle.dump(model, f)
    out = os.path.join(HERE, name + ".json")
    subprocess.run([sys.executable, EXPORT, pkl, "--inputs", INPUTS, "--name", name,
                    "--version", "1", "-o", out, "--check", "200"], check=True)
    os.remove(pkl)
    expected = {"inputs": X_test.tolist(), "outputs": [float(v) for v in model.predict(X_test)]}
    with open(os.path.join(HERE, name + ".expected.json"), "w") as f:
        json.dump(expected, f)
        f.write("\n")
print("generate: wrote", len(models), "models")
