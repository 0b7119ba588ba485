"""`make bench`: how fast the production configuration serves each public page type.

- `data`: the data sets (demo site plus synthetic partnerships and news) in PostgreSQL.
- `servers`: the production configuration on loopback (gunicorn, PostgreSQL, Redis) and
  what the benchmark needs on the machine.
- `measurement`: wrk runs, query counts (through `inspect_site.py`), page weight and
  worker memory.
- `report`: the table, the targets and `bench/results.json`.
- `run`: the entry point (`make bench`, `make bench-quick`).
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)
