"""Static files in production: hashed names, compressed copies, and no surprise errors."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    """Hashed, compressed files once `collectstatic` has run (make serve); before that (tests,
    benchmarks with DEBUG off), the plain names, rather than an error for every page."""

    manifest_strict = False
