"""The NumPy/OpenBLAS worker of convkit-bench: a native single-thread sgemm reference.

Speaks the bench's worker protocol as JSON lines on stdin/stdout; inputs and outputs are
raw float32 files. Started with OPENBLAS_NUM_THREADS=1.
"""
import json
import os
import resource
import sys
import time


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def blas_name(np):
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', 'blas')} {blas.get('version', '')}".strip()
    except Exception:  # older NumPy: no dict mode
        return "unknown BLAS"


def main():
    np = None
    state = {}
    for line in sys.stdin:
        req = json.loads(line)
        rid, kind = req["id"], req["type"]
        try:
            if kind == "init":
                try:
                    import numpy as np  # noqa: PLC0415
                except ImportError:
                    reply({"id": rid, "type": "unavailable", "reason": "python3 has no NumPy"})
                    continue
                threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "0"))
                info = {"version": f"NumPy {np.__version__}, {blas_name(np)}", "threads": threads,
                        "notes": ["native sgemm, Python/NumPy"]}
                reply({"id": rid, "type": "ready", "info": info, "rssKiB": rss_kib()})
            elif kind == "setup":
                payload = req["payload"]
                if payload["op"] != "matmul":
                    reply({"id": rid, "type": "unsupported", "status": "n/a", "reason": "OpenBLAS runs matmul only"})
                    continue
                inputs = {name: np.fromfile(v["file"], dtype=np.float32).reshape(v["shape"])
                          for name, v in payload["inputs"].items()}
                state = {"a": inputs["a"], "b": inputs["b"]}
                t0 = time.perf_counter()
                out = state["a"] @ state["b"]
                warm_ms = (time.perf_counter() - t0) * 1000
                out_file = os.path.join(req["outDir"], "out.f32")
                out.astype(np.float32).tofile(out_file)
                reply({"id": rid, "type": "checked", "warmMs": warm_ms, "outputFile": out_file, "rssKiB": rss_kib()})
            elif kind == "run":
                t0 = time.perf_counter()
                state["out"] = state["a"] @ state["b"]
                ms = (time.perf_counter() - t0) * 1000
                reply({"id": rid, "type": "time", "ms": ms, "rssKiB": rss_kib()})
            elif kind == "release":
                state = {}
                reply({"id": rid, "type": "released", "rssKiB": rss_kib()})
            elif kind == "exit":
                reply({"id": rid, "type": "bye", "rssKiB": rss_kib()})
                return
        except Exception as error:  # reported to the orchestrator as a failed cell
            reply({"id": rid, "type": "error", "message": f"{type(error).__name__}: {error}"})


main()
