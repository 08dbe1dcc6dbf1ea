"""Peak memory of a fresh process that renders one discussion page: run by bench.run as a subprocess.

Usage: python -m bench.memory SLUG  (with the runner's environment). Prints one JSON line.

The peak is the kernel's high-water mark of this process's resident memory (VmHWM).
ru_maxrss would be simpler, but Linux carries it over from the parent through fork and
exec, so a probe started by a runner that already holds 10,000 comments would report
the runner's size, not its own.
"""

import json
import os
import resource
import sys
from pathlib import Path


def peak_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux, the only fallback used


def main(slug: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.test import Client, override_settings

    client = Client()
    client.get("/")  # the middleware, URLconf and base templates loaded: what any worker holds
    ready = peak_mb()
    with override_settings(CACHE_DISCUSSIONS=False):
        response = client.get(f"/a/{slug}/")
    if response.status_code != 200:
        raise SystemExit(f"/a/{slug}/ answered {response.status_code}")
    print(json.dumps({"peak_mb": round(peak_mb(), 1), "ready_mb": round(ready, 1), "bytes": len(response.content)}))


if __name__ == "__main__":
    main(sys.argv[1])
