#!/usr/bin/env python3
"""The 8 checks of bench/data_bench.cc (BM_Validate8Rules) in pandas, on the same CSV file.

Usage:
    ASSAY_BENCH_CSV=/tmp/assay-bench.csv build/rel/bench/data_bench --benchmark_filter=Validate
    python3 bench/pandas_compare.py /tmp/assay-bench.csv [repetitions]

Prints MB/s (10^6 bytes per second) for reading alone and for reading plus the checks, the best
of the repetitions, by wall-clock time and by CPU time of this process (comparable to
data_bench's bytes_per_second, which is per CPU second; Google Benchmark prints it in units of
2^20 bytes, "M/s"). Like `assay data check`, the
checks count offending rows and keep the first 10 offending row numbers of each row-level rule.
Nothing in the build or the tests needs pandas: without it this script says so and exits 0.
"""

import os
import sys
import time


def main():
    try:
        import pandas as pd
    except ImportError:
        print("pandas is not importable; skipping the comparison (apt-get install python3-pandas)")
        return 0
    if len(sys.argv) < 2 or not os.path.exists(sys.argv[1]):
        print(__doc__)
        return 2
    path = sys.argv[1]
    repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    size = os.path.getsize(path)

    def first_rows(mask):
        # Row numbers as assay counts them: data rows from 1.
        return (mask[mask].index[:10] + 1).tolist()

    def checks(df):
        results = {}
        for column in ("c0", "c1"):  # not_null
            missing = df[column].isna()
            results["not_null:" + column] = (int(missing.sum()), first_rows(missing))
        for column in ("c2", "c3"):  # between -6 and 6, missing values skipped
            values = df[column]
            bad = values.notna() & ~values.between(-6, 6)
            results["between:" + column] = (int(bad.sum()), first_rows(bad))
        mean = df["c4"].mean()
        results["mean_between:c4"] = -0.1 <= mean <= 0.1
        std = df["c5"].std()  # sample standard deviation, as assay
        results["stdev_between:c5"] = 0.9 <= std <= 1.1
        results["max_between:c6"] = df["c6"].max() <= 10
        results["row_count_between"] = len(df) >= 1
        return results

    best = {"read": None, "all": None, "read_cpu": None, "all_cpu": None}
    results = None

    def keep(key, value):
        best[key] = value if best[key] is None else min(best[key], value)

    for _ in range(repetitions):
        start, start_cpu = time.perf_counter(), time.process_time()
        df = pd.read_csv(path)
        keep("read", time.perf_counter() - start)
        keep("read_cpu", time.process_time() - start_cpu)
        results = checks(df)
        keep("all", time.perf_counter() - start)
        keep("all_cpu", time.process_time() - start_cpu)
        del df

    mb = size / 1e6
    print(f"pandas {pd.__version__}: {path} ({mb:.1f} MB), best of {repetitions}")
    print(f"  read_csv alone:      {mb / best['read']:7.1f} MB/s wall ({best['read']:.3f} s), "
          f"{mb / best['read_cpu']:7.1f} MB/s CPU ({best['read_cpu']:.3f} s)")
    print(f"  read_csv + 8 checks: {mb / best['all']:7.1f} MB/s wall ({best['all']:.3f} s), "
          f"{mb / best['all_cpu']:7.1f} MB/s CPU ({best['all_cpu']:.3f} s)")
    print(f"  not_null:c0 offending rows: {results['not_null:c0'][0]}, first {results['not_null:c0'][1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
