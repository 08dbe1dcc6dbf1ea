"""gunicorn's own lines use the forum's JSON formatter (checked in a fresh process, as gunicorn would load it)."""

import json
import subprocess
import sys

from django.conf import settings

EMIT = """
import logging.config, runpy
config = runpy.run_path("gunicorn.conf.py")
logging.config.dictConfig(config["logconfig_dict"])
logging.getLogger("gunicorn.error").info("Booting worker with pid: %s", 42)
logging.getLogger("gunicorn.access").info('%s "%s" %s', "127.0.0.1", "GET /a/x\\n{forged} HTTP/1.1", 404)
"""


def test_gunicorns_error_and_access_lines_are_json_one_per_line():
    result = subprocess.run(  # noqa: S603  a fixed command line
        [sys.executable, "-c", EMIT], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    error, access = (json.loads(line) for line in lines)
    assert (error["logger"], error["message"]) == ("gunicorn.error", "Booting worker with pid: 42")
    assert access["logger"] == "gunicorn.access"
    assert access["message"] == '127.0.0.1 "GET /a/x\n{forged} HTTP/1.1" 404'
