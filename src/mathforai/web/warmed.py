"""Imported once by the compute pool's fork server (web/compute.py, PRELOAD): importing it
warms the engine, so every worker forked from that server starts warm, in milliseconds.

Its only job is that side effect; nothing else imports it.
"""

from .worker import warm_up

warm_up()
