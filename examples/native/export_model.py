#!/usr/bin/env python3
"""Exports a scikit-learn or PyTorch model to Assay's native format "assay.model/1".

The format is documented in docs/native-models.md. Supported:

  scikit-learn  MLPRegressor, MLPClassifier, LinearRegression, Ridge, Lasso, ElasticNet,
                LogisticRegression, DecisionTree{Regressor,Classifier},
                RandomForest{Regressor,Classifier}, ExtraTrees{Regressor,Classifier},
                GradientBoosting{Regressor,Classifier}; optionally behind a StandardScaler in a
                Pipeline (becomes "input_scaling").
  PyTorch       torch.nn.Sequential of Linear, ReLU, Tanh, Sigmoid and Identity layers, saved whole
                with torch.save(model, path).

Usage:
  export_model.py MODEL.(pkl|joblib|pt) --inputs ego_speed,lead_ttc --outputs accel \\
      --name my-aeb --version 3 -o my-aeb.json [--check N]

--check N evaluates the exported file with an independent pure-Python evaluator on N random
inputs and compares with the original model's predictions, so an export error cannot pass
silently. The numbers the harness uses are the C++ evaluator's; this script only writes JSON.
Needs python3-sklearn (Debian) for scikit-learn models and python3-torch for PyTorch ones.
"""
import argparse
import json
import math
import pickle
import random
import sys


def tolist(a):
    return [float(v) for v in a]


def matrix(a):
    return [tolist(row) for row in a]


ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "logistic": "sigmoid", "identity": "linear"}


def export_tree(tree, task, output=None):
    """sklearn's Tree arrays; value is (nodes, n_outputs, n_classes)."""
    value = tree.value
    if task == "classification":
        rows = value[:, 0, :]
    else:
        rows = value[:, :, 0]
    t = {
        "feature": [int(f) for f in tree.feature],
        "threshold": tolist(tree.threshold),
        "left": [int(c) for c in tree.children_left],
        "right": [int(c) for c in tree.children_right],
        "value": matrix(rows),
    }
    if output is not None:
        t["output"] = int(output)
    return t


def classes_of(model):
    try:
        return [float(c) for c in model.classes_]
    except (TypeError, ValueError):
        sys.exit("export_model: class labels must be numbers (they become the command value)")


def export_sklearn(model):
    """Returns (model object, input_scaling or None)."""
    scaling = None
    if type(model).__name__ == "Pipeline":
        steps = [s for _, s in model.steps]
        if len(steps) == 2 and type(steps[0]).__name__ == "StandardScaler":
            sc = steps[0]
            mean = sc.mean_ if sc.with_mean else [0.0] * len(sc.scale_)
            scaling = {"offset": tolist(mean), "scale": tolist(sc.scale_)}
            model = steps[1]
        else:
            sys.exit("export_model: a Pipeline must be [StandardScaler, model]")
    name = type(model).__name__
    if name in ("MLPRegressor", "MLPClassifier"):
        hidden = ACTIVATIONS[model.activation]
        layers = []
        n = len(model.coefs_)
        for i, (w, b) in enumerate(zip(model.coefs_, model.intercepts_)):
            act = hidden
            if i == n - 1:
                # softmax is monotone: argmax of the logits is the same class
                act = {"identity": "linear", "logistic": "sigmoid", "softmax": "linear"}[
                    model.out_activation_]
            layers.append({"weights": matrix(w.T), "bias": tolist(b), "activation": act})
        out = {"type": "mlp", "layers": layers}
        if name == "MLPClassifier":
            out.update({"task": "classification", "classes": classes_of(model)})
        return out, scaling
    if name in ("LinearRegression", "Ridge", "Lasso", "ElasticNet"):
        coef = model.coef_.reshape(1, -1) if model.coef_.ndim == 1 else model.coef_
        intercept = model.intercept_
        bias = [float(intercept)] if coef.shape[0] == 1 and not hasattr(intercept, "__len__") \
            else tolist(intercept)
        return {"type": "linear", "weights": matrix(coef), "bias": bias}, scaling
    if name == "LogisticRegression":
        return {"type": "logistic", "weights": matrix(model.coef_),
                "bias": tolist(model.intercept_), "classes": classes_of(model)}, scaling
    if name.startswith("DecisionTree"):
        task = "classification" if name.endswith("Classifier") else "regression"
        out = {"type": "decision_tree", "task": task, "tree": export_tree(model.tree_, task)}
        if task == "classification":
            out["classes"] = classes_of(model)
        return out, scaling
    if name.startswith("RandomForest") or name.startswith("ExtraTrees"):
        task = "classification" if name.endswith("Classifier") else "regression"
        out = {"type": "random_forest", "task": task,
               "trees": [export_tree(e.tree_, task) for e in model.estimators_]}
        if task == "classification":
            out["classes"] = classes_of(model)
        return out, scaling
    if name in ("GradientBoostingRegressor", "GradientBoostingClassifier"):
        return export_boosting(model, name), scaling
    sys.exit("export_model: unsupported model type " + name)


def export_boosting(model, name):
    import numpy as np
    stages = model.estimators_  # (n_stages, K) of DecisionTreeRegressor
    k = stages.shape[1]
    trees = []
    for stage in stages:
        for j in range(k):
            trees.append(export_tree(stage[j].tree_, "regression", j))
    # The initial raw score through the public API: raw(x) − lr·Σ trees(x) at any x.
    x0 = np.zeros((1, model.n_features_in_))
    if name == "GradientBoostingClassifier":
        raw = np.asarray(model.decision_function(x0)).reshape(-1)
    else:
        raw = np.asarray(model.predict(x0)).reshape(-1)
    sums = np.zeros(k)
    for stage in stages:
        for j in range(k):
            sums[j] += stage[j].predict(x0)[0]
    init = raw - model.learning_rate * sums
    out = {"type": "gradient_boosting", "learning_rate": float(model.learning_rate),
           "init": tolist(init), "trees": trees}
    if name == "GradientBoostingClassifier":
        out.update({"task": "classification", "classes": classes_of(model)})
    return out


def export_torch(module):
    import torch
    layers = []
    for m in module:
        if isinstance(m, torch.nn.Linear):
            layers.append({"weights": m.weight.detach().double().tolist(),
                           "bias": m.bias.detach().double().tolist() if m.bias is not None
                           else [0.0] * m.out_features, "activation": "linear"})
        elif isinstance(m, (torch.nn.ReLU, torch.nn.Tanh, torch.nn.Sigmoid)):
            if not layers or layers[-1]["activation"] != "linear":
                sys.exit("export_model: an activation must follow a Linear layer")
            layers[-1]["activation"] = {torch.nn.ReLU: "relu", torch.nn.Tanh: "tanh",
                                        torch.nn.Sigmoid: "sigmoid"}[type(m)]
        elif isinstance(m, torch.nn.Identity):
            continue
        else:
            sys.exit("export_model: unsupported layer " + type(m).__name__)
    return {"type": "mlp", "layers": layers}


# --- an independent evaluator of the format, for --check -------------------------------------

def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def leaf(t, x):
    n = 0
    while t["left"][n] >= 0:
        n = t["left"][n] if x[t["feature"][n]] <= t["threshold"][n] else t["right"][n]
    return t["value"][n]


def evaluate(doc, x):
    m = doc["model"]
    if "input_scaling" in doc:
        s = doc["input_scaling"]
        x = [(v - o) / c for v, o, c in zip(x, s["offset"], s["scale"])]
    kind = m["type"]
    if kind in ("mlp", "linear", "logistic"):
        layers = m["layers"] if kind == "mlp" else [{"weights": m["weights"], "bias": m["bias"],
            "activation": "sigmoid" if kind == "logistic" and len(m["weights"]) == 1
            else "linear"}]
        h = x
        for layer in layers:
            h = [sum(w * v for w, v in zip(row, h)) + b for row, b in zip(layer["weights"],
                                                                        layer["bias"])]
            a = layer.get("activation", "linear")
            h = [max(v, 0.0) if a == "relu" else math.tanh(v) if a == "tanh"
                 else sigmoid(v) if a == "sigmoid" else v for v in h]
        scores = h
    elif kind in ("decision_tree", "random_forest"):
        trees = [m["tree"]] if kind == "decision_tree" else m["trees"]
        width = len(trees[0]["value"][0])
        scores = [0.0] * width
        for t in trees:
            v = leaf(t, x)
            total = sum(v) if m.get("task") == "classification" else 1.0
            scores = [s + vi / total for s, vi in zip(scores, v)]
        scores = [s / len(trees) for s in scores]
    else:
        scores = list(m["init"])
        for t in m["trees"]:
            scores[t.get("output", 0)] += m["learning_rate"] * leaf(t, x)[0]
        if m.get("task") == "classification" and len(scores) == 1:
            scores = [sigmoid(scores[0])]
    if m.get("task") == "classification" or kind == "logistic":
        c = (1 if scores[0] > 0.5 else 0) if len(scores) == 1 else scores.index(max(scores))
        return [m["classes"][c]]
    if "output_scaling" in doc:
        s = doc["output_scaling"]
        scores = [v * c + o for v, o, c in zip(scores, s["offset"], s["scale"])]
    return scores


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model")
    p.add_argument("--inputs", required=True, help="comma-separated feature names")
    p.add_argument("--outputs", default="accel", help="accel and/or steer")
    p.add_argument("--name", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--description", default="")
    p.add_argument("-o", "--out", required=True)
    p.add_argument("--check", type=int, default=0, metavar="N")
    args = p.parse_args()

    if args.model.endswith(".pt") or args.model.endswith(".pth"):
        import torch
        original = torch.load(args.model, weights_only=False)
        original.eval()
        body, scaling = export_torch(original), None

        def predict(x):
            with torch.no_grad():
                return original(torch.tensor([x], dtype=torch.float32))[0].double().tolist()
    else:
        with open(args.model, "rb") as f:
            original = pickle.load(f)
        body, scaling = export_sklearn(original)

        def predict(x):
            y = original.predict([x])[0]
            return [float(v) for v in y] if hasattr(y, "__len__") else [float(y)]

    doc = {"format": "assay.model/1", "name": args.name, "version": args.version,
           "inputs": args.inputs.split(","), "outputs": args.outputs.split(",")}
    if args.description:
        doc["description"] = args.description
    if scaling:
        doc["input_scaling"] = scaling
    doc["model"] = body
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")

    rng = random.Random(1)
    worst = 0.0
    for _ in range(args.check):
        x = [rng.uniform(-50.0, 50.0) for _ in doc["inputs"]]
        a, b = evaluate(doc, x), predict(x)
        worst = max(worst, max(abs(u - v) for u, v in zip(a, b)))
    if args.check:
        print(f"export_model: {args.check} checks, largest difference {worst:.3g}")
        if worst > 1e-4:
            sys.exit("export_model: the export does not reproduce the model")


if __name__ == "__main__":
    main()
