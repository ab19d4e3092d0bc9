#!/usr/bin/env bash
# Executes every notebook in notebooks/ against a history produced by the simulator.
#
#   notebooks/run.sh                 CI: simulate 6 hosts over 24 h, replay them, execute every notebook
#                                    into a temporary folder; exits non-zero when a cell fails. The
#                                    checkout is left as it was.
#   notebooks/run.sh --update        the same, but writes the executed notebooks (with their outputs)
#                                    back in place, for committing.
#   notebooks/run.sh --history DIR   use an existing history (e.g. ./vigil-data/history) instead of
#                                    simulating; combines with --update.
#   notebooks/run.sh --keep          keep the work folder (simulation, history, executed notebooks).
#
# Environment: VIGIL_PYTHON (default /usr/bin/python3, Debian's, with python3-pandas,
# python3-matplotlib, jupyter-nbconvert, python3-ipykernel), VIGIL_BIN (default ./vigil),
# VIGIL_CELL_TIMEOUT (seconds per cell, default 180; a notebook gets at most 5 minutes).
set -euo pipefail
nbdir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$nbdir")"

update=false keep=false history=""
while (($#)); do
  case "$1" in
    --update) update=true ;;
    --keep) keep=true ;;
    --history) history="$(cd "$2" && pwd)"; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

py="${VIGIL_PYTHON:-/usr/bin/python3}"
vigil="${VIGIL_BIN:-$root/vigil}"
if ! "$py" -c 'import pandas, matplotlib, nbconvert, ipykernel' 2>/dev/null; then
  echo "run.sh: $py lacks pandas, matplotlib, nbconvert or ipykernel; install them with" >&2
  echo "  apt-get install python3-pandas python3-matplotlib jupyter-nbconvert python3-ipykernel jupyter-client" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-notebooks.XXXXXX")"
if $keep; then echo "work folder: $work"; else trap 'rm -rf "$work"' EXIT; fi

if [[ -z "$history" ]]; then
  # Deterministic: the same arguments give the same fleet, 8 injected incidents (ground_truth.json).
  timeout 120 "$vigil" simulate --out "$work/sim" --hosts 6 --duration 24h --seed 7
  # The default options run Sigma detection, anomaly detection (table anomalies) and forecasts
  # (table forecasts); only the console alerts are turned off.
  timeout 600 "$vigil" replay --input "$work/sim" --out "$work/out" --set alerts.console=false > "$work/replay.log" \
    || { cat "$work/replay.log"; echo "run.sh: replay failed" >&2; exit 1; }
  history="$work/out/history"
  export VIGIL_GROUND_TRUTH="$work/sim/ground_truth.json"
  # What the notebooks print instead of the temporary path, so --update gives the same outputs every time.
  export VIGIL_HISTORY_LABEL="vigil simulate --hosts 6 --duration 24h (seed 7), then vigil replay"
fi

# A kernel spec of our own, first on JUPYTER_PATH, so the kernel is $py whatever other
# kernels (pyenv, virtualenvs, ~/.local/share/jupyter) are installed.
mkdir -p "$work/jupyter/kernels/python3"
cat > "$work/jupyter/kernels/python3/kernel.json" <<EOF
{"argv": ["$py", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
 "display_name": "Python 3 (ipykernel)", "language": "python",
 "env": {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}, "metadata": {"debugger": false}}
EOF
export JUPYTER_PATH="$work/jupyter" VIGIL_PYTHON="$py" VIGIL_HISTORY="$history" VIGIL_BIN="$vigil"
export MPLBACKEND=module://matplotlib_inline.backend_inline PYDEVD_DISABLE_FILE_VALIDATION=1

if $update; then out=(--inplace); else out=(--output-dir "$work/executed"); fi
status=0
for nb in "$nbdir"/*.ipynb; do
  start=$SECONDS
  # The kernel starts in the notebook's folder (nbconvert's default), so `import vigil_history` works.
  if timeout 300 "$py" -m nbconvert --to notebook --execute "${out[@]}" \
      --ExecutePreprocessor.kernel_name=python3 \
      --ExecutePreprocessor.timeout="${VIGIL_CELL_TIMEOUT:-180}" \
      --ExecutePreprocessor.record_timing=False \
      "$nb" > "$work/nbconvert.log" 2>&1; then
    echo "ok     $(basename "$nb") ($((SECONDS - start)) s)"
  else
    echo "FAILED $(basename "$nb") ($((SECONDS - start)) s)"
    tail -40 "$work/nbconvert.log"
    status=1
  fi
done
exit $status
