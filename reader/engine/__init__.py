"""The one room that touches Whoosh 2.7.4's private internals (to be completed).
"""
