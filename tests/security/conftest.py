import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # These tests make many users; the production hasher is slow on purpose, and what is
    # tested here (who may do what) does not depend on which hasher stored the password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
