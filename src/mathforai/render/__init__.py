"""Printers for an Explanation: plain text, LaTeX, MathML, JSON; figures as SVG."""
