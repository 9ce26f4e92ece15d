"""Extra exercises, one module per lesson (``lesson_03.py``...), registered on import.

Each module calls :func:`csto.exercises.add_exercise`; ``csto.exercises`` imports every module
here when it is first imported, so a lesson's own exercises are available to ``check``.
"""
