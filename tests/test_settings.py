import os
import subprocess
import sys

import pytest
from django.conf import settings


def run_check(**env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DATABASE_URL", "not a url at all"), ("DATABASE_URL", "mysql://x@y/z"), ("DJANGO_DEBUG", "maybe")],
)
def test_bad_configuration_stops_start_up_naming_the_variable(variable, value):
    result = run_check(**{variable: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ")
    assert variable in lines[0]


def test_default_configuration_passes_the_system_check():
    result = run_check()
    assert result.returncode == 0, result.stderr
