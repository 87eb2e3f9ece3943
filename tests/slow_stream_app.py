"""A WSGI app whose one response streams for about 3 seconds (tests/test_gunicorn_supervision.py)."""

import time

PIECES = 6


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return slow_pieces()


def slow_pieces():
    for number in range(PIECES):
        time.sleep(0.5)
        yield f"{number}\n".encode()
