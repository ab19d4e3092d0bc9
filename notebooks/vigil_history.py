"""Read a Vigil history from a notebook: run `vigil sql --format csv` (or another `vigil` command
that prints CSV) and parse the result with pandas.

Environment:
  VIGIL_HISTORY  the history folder (e.g. ./vigil-data/history, or OUT/history of `vigil replay`); required
  VIGIL_BIN      the `vigil` launcher (default: ../vigil, beside this folder)
  VIGIL_PYTHON   when set (notebooks/run.sh sets it), the kernel must be this interpreter
"""
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import pandas as pd

HERE = Path(__file__).resolve().parent
VIGIL = os.environ.get("VIGIL_BIN") or str(HERE.parent / "vigil")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def setup():
    """Checks the environment, sets modest figure sizes, and returns the history folder."""
    want = os.environ.get("VIGIL_PYTHON")
    if want:
        assert os.path.realpath(sys.executable) == os.path.realpath(want), \
            f"kernel runs {sys.executable}, expected {want}"
    history = os.environ.get("VIGIL_HISTORY")
    assert history, "set VIGIL_HISTORY to a Vigil history folder (notebooks/run.sh does)"
    assert Path(history).is_dir(), f"VIGIL_HISTORY={history} is not a folder"
    assert Path(VIGIL).is_file(), f"no vigil launcher at {VIGIL} (set VIGIL_BIN)"
    matplotlib.rcParams.update({"figure.figsize": (10, 4), "figure.dpi": 80, "savefig.dpi": 80,
                                "axes.grid": True, "grid.alpha": 0.3, "font.size": 9})
    pd.set_option("display.width", 160)
    pd.set_option("display.max_colwidth", 60)
    print(f"python {sys.executable} (pandas {pd.__version__}, matplotlib {matplotlib.__version__})")
    print(f"history {os.environ.get('VIGIL_HISTORY_LABEL') or history}")
    return history


def run(*args, check=True):
    """Runs `vigil ARGS...` and returns its standard output; raises with its error output on failure."""
    p = subprocess.run([VIGIL, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"vigil {' '.join(args[:2])} failed ({p.returncode}):\n{p.stderr.strip()}")
    return p.stdout


def has_command(name):
    """True when `vigil NAME --help` succeeds (the command exists in this build)."""
    return subprocess.run([VIGIL, name, "--help"], capture_output=True).returncode == 0


def read_csv(text):
    """Parses CSV from a `vigil` command; columns holding ISO 8601 times become UTC timestamps."""
    df = pd.read_csv(io.StringIO(text))
    for col in df.columns:
        if df[col].dtype == object:
            values = df[col].dropna()
            if len(values) and values.map(lambda v: bool(_TIME.match(str(v)))).all():
                df[col] = pd.to_datetime(df[col], utc=True)
    return df


def sql(query):
    """Runs QUERY over $VIGIL_HISTORY with `vigil sql --format csv` and returns a DataFrame."""
    return read_csv(run("sql", "--history", os.environ["VIGIL_HISTORY"], "--format", "csv", query))


def ts(t):
    """A pandas timestamp as a DuckDB TIMESTAMPTZ literal."""
    return "TIMESTAMPTZ '" + pd.Timestamp(t).tz_convert("UTC").strftime("%Y-%m-%d %H:%M:%S.%f") + "+00'"


def formatter(name):
    """An axis/number formatter for metric NAME: bytes in kB, MB, GB; anything else with SI prefixes."""
    from matplotlib.ticker import EngFormatter
    if name.endswith("_bytes_total"):
        return EngFormatter(unit="B/s", places=1)
    return EngFormatter(unit="B" if "bytes" in name else "", places=1)


def label_filter(labels, alias="m"):
    """SQL conditions matching a series' labels exactly as printed in a CSV row ({"k":"v",...})."""
    import json
    pairs = json.loads(labels) if isinstance(labels, str) else dict(labels)
    q = lambda s: "'" + str(s).replace("'", "''") + "'"
    return " AND ".join(f"{alias}.labels[{q(k)}] = {q(v)}" for k, v in sorted(pairs.items())) or "TRUE"
