"""A serving process moves what it loaded at start out of the garbage collector's full passes (forum/process.py)."""

import subprocess
import sys

from django.conf import settings


def test_loading_the_wsgi_application_freezes_what_it_loaded():
    code = "import gc, forum.wsgi; print(gc.get_freeze_count())"
    frozen = subprocess.run(  # noqa: S603  a fixed command
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    assert int(frozen.stdout) > 10_000  # Django, the site's modules and their objects
