"""Test settings: production-like, minus what a test client cannot do."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

# pytest-xdist runs the suite in several processes (gw0, gw1, …). pytest-django gives each its
# own test database; here each also gets its own Redis database and its own local directory
# (media, file cache, broker), in os.environ so that the Celery workers and servers a test starts
# inherit them too.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw") and not os.environ.get("BROBYGGER_XDIST_ISOLATED"):
    import re as _re

    os.environ["BROBYGGER_XDIST_ISOLATED"] = _xdist_worker
    _number = int(_xdist_worker[2:])
    if os.environ.get("REDIS_URL"):
        # Redis has 16 databases; 0 stays for a run without xdist.
        os.environ["REDIS_URL"] = _re.sub(
            r"(/\d+)?$", f"/{1 + _number % 15}", os.environ["REDIS_URL"], count=1
        )
    if os.environ.get("BROBYGGER_LOCAL_DIR"):
        os.environ["BROBYGGER_LOCAL_DIR"] = os.path.join(
            os.environ["BROBYGGER_LOCAL_DIR"], _xdist_worker
        )

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A real Celery worker started by a test writes its e-mail to files (EMAIL_FILE_PATH).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")  # noqa: F405
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=None)  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files come from the finders in tests (no collectstatic): WhiteNoise is not needed.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
