"""Peak memory of a fresh process that renders one discussion page: run by bench.run as a subprocess.

Usage: python -m bench.memory SLUG  (with the runner's environment). Prints one JSON line.
"""

import json
import os
import resource
import sys


def main(slug: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.test import Client, override_settings

    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with override_settings(CACHE_DISCUSSIONS=False):
        response = Client().get(f"/a/{slug}/")
    if response.status_code != 200:
        raise SystemExit(f"/a/{slug}/ answered {response.status_code}")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"peak_mb": peak_kb / 1024, "after_setup_mb": before_kb / 1024, "bytes": len(response.content)}))


if __name__ == "__main__":
    main(sys.argv[1])
