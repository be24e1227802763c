#!/usr/bin/env python3
"""Peer baseline for `fashion-advisor eval trends`: statsmodels' Holt-Winters on the very same backtest.

Protocol (models/trends/backtest.ts): for a series of T weeks, origins o = T-52, T-48, ..., T-4 (weeks observed);
an origin counts for horizon h when o + h <= T and, for Google Trends, every target week is on or before
2020-02-29. Google Trends: the series of US, GB, CA, IE and PH (`<1` read as 0.5); VISUELLE 2.0: every series with
data, `-1` gaps filled by linear interpolation. MASE = MAE over the horizon / in-sample seasonal-naive MAE
(period 52); sMAPE in percent; direction = sign(mean(truth) - last) == sign(mean(forecast) - last).

Needs Debian's python3-statsmodels (`apt-get install python3-statsmodels`; run with /usr/bin/python3).
Usage: /usr/bin/python3 bench/trends-statsmodels.py [DATA_DIR]   (default ../shared/data) -> one JSON line.
"""
import csv
import json
import os
import sys
import warnings
from datetime import date, timedelta

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

PERIOD = 52
HORIZONS = (4, 12)
GT_REGIONS = ("US", "GB", "CA", "IE", "PH")
GT_LAST_TARGET = date(2020, 2, 29)


def interpolate(values):
    arr = np.array(values, dtype=float)
    known = np.flatnonzero(~np.isnan(arr))
    if known.size == 0:
        return None
    return np.interp(np.arange(arr.size), known, arr[known])


def load_google_trends(data_dir):
    groups = {}
    with open(os.path.join(data_dir, "google-trends-fashion-categories/weekly_interest_by_country.csv")) as f:
        for row in csv.DictReader(f):
            if row["geo"] not in GT_REGIONS:
                continue
            hits = 0.5 if row["hits"].strip() == "<1" else float(row["hits"])
            groups.setdefault((row["geo"], row["keyword"]), []).append((row["date"], hits))
    series = []
    for rows in groups.values():
        rows.sort()
        start = date.fromisoformat(rows[0][0])
        n = (date.fromisoformat(rows[-1][0]) - start).days // 7 + 1
        values = [float("nan")] * n
        for d, v in rows:
            values[(date.fromisoformat(d) - start).days // 7] = v
        series.append((start, interpolate(values)))
    return series


def load_visuelle(data_dir):
    with open(os.path.join(data_dir, "visuelle2-google-trends/vis2_gtrends_data.csv")) as f:
        rows = list(csv.reader(f))
    start = date.fromisoformat(rows[1][0])
    series = []
    for c in range(1, len(rows[0])):
        values = [float(r[c]) if float(r[c]) >= 0 else float("nan") for r in rows[1:]]
        filled = interpolate(values)
        if filled is not None:
            series.append((start, filled))
    return series


def cases(series, horizon, last_target=None):
    for index, (start, y) in enumerate(series):
        for k in range(13):
            o = len(y) - 52 + 4 * k
            if o <= 0 or o + horizon > len(y):
                continue
            if last_target is not None and start + timedelta(weeks=o + horizon - 1) > last_target:
                continue
            yield (index, o), y[:o], y[o : o + horizon]


_fits = {}


def holt_winters(key, history, horizon):
    """statsmodels' Holt-Winters, fitted once per (series, origin) and reused for both horizons."""
    if key not in _fits:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = ExponentialSmoothing(history, trend="add", seasonal="add", seasonal_periods=PERIOD)
            _fits[key] = model.fit().forecast(max(HORIZONS))
    return _fits[key][:horizon]


def seasonal_naive(_key, history, horizon):
    return np.array([history[len(history) - PERIOD + (h % PERIOD)] for h in range(horizon)])


def score(pairs, method):
    mases, smapes, hits = [], [], 0
    for key, history, actual in pairs:
        forecast = method(key, history, len(actual))
        scale = np.mean(np.abs(history[PERIOD:] - history[:-PERIOD]))
        if scale > 0:
            mases.append(np.mean(np.abs(actual - forecast)) / scale)
        denominator = np.abs(actual) + np.abs(forecast)
        smapes.append(np.mean(np.where(denominator == 0, 0, 200 * np.abs(actual - forecast) / np.where(denominator == 0, 1, denominator))))
        last = history[-1]
        hits += int(np.sign(np.mean(actual) - last) == np.sign(np.mean(forecast) - last))
    return {"mase": float(np.mean(mases)), "smape": float(np.mean(smapes)), "direction_accuracy": hits / len(pairs), "cases": len(pairs)}


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/data")
    datasets = {
        "google_trends": (load_google_trends(data_dir), GT_LAST_TARGET),
        "visuelle2": (load_visuelle(data_dir), None),
    }
    report = {"model": "statsmodels-holt-winters", "datasets": {}}
    for name, (series, last_target) in datasets.items():
        _fits.clear()
        report["datasets"][name] = {}
        for h in HORIZONS:
            pairs = list(cases(series, h, last_target))
            report["datasets"][name][f"h{h}"] = {
                "methods": {
                    "seasonal_naive": score(pairs, seasonal_naive),
                    "statsmodels_holt_winters": score(pairs, holt_winters),
                }
            }
        print(f"{name}: done", file=sys.stderr)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
