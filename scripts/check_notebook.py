"""Runs a notebook top to bottom with nbclient and checks that its committed file is stripped.

    python scripts/check_notebook.py examples/python/cx_tour.ipynb          # check, then run
    python scripts/check_notebook.py --strip examples/python/cx_tour.ipynb  # strip in place

The notebook runs in its own directory with this interpreter's Jupyter kernel; set
MPLBACKEND=Agg to keep figures off screen. Any failing cell (an `assert` included) fails the
run with the cell's traceback. Outputs and execution counts must not be committed: `--strip`
removes them after working on the notebook in Jupyter.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def dirty_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indices of the code cells that carry outputs or an execution count."""
    return [i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)]


def strip(nb: nbformat.NotebookNode) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--strip", action="store_true", help="remove outputs in place and exit")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    nbformat.validate(nb)
    if args.strip:
        strip(nb)
        nbformat.write(nb, args.notebook)
        return 0
    dirty = dirty_cells(nb)
    if dirty:
        print(f"{args.notebook}: cells {dirty} have outputs or execution counts; "
              f"run python {sys.argv[0]} --strip {args.notebook}", file=sys.stderr)
        return 1

    # The kernelspec runs `python`: make it this interpreter (the one that has cx).
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(args.notebook.parent)}},
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client.execute()
    cells = sum(cell.cell_type == "code" for cell in nb.cells)
    print(f"{args.notebook}: {cells} code cells ran in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
