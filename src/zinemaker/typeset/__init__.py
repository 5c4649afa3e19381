"""Typeset finished pages: zine pages (Platypus) and card faces.

reportlab wraps compressed streams in ASCII85 by default, a 7-bit-safe
habit PDF no longer needs: it costs a quarter more bytes and, for a
thousand cards, over a second. It is turned off here, for every PDF we make.
"""

from reportlab import rl_config

rl_config.useA85 = 0
