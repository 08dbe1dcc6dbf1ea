"""What a serving process does once the site is loaded, before its first request."""

import gc


def settle() -> None:
    """Move everything loaded so far (settings, models, URL patterns, templates: what lives as long as the
    process) out of the garbage collector's way.

    A page of thousands of comments makes enough objects to set off full collections, and each full
    collection would walk every object the process holds, Django's included, most of them never garbage:
    about 80 ms each on the 10,000-comment page before, about 20 ms after (gc.freeze, as the Python
    documentation suggests for long-lived server processes)."""
    gc.collect()
    gc.freeze()
