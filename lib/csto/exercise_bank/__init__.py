"""A place for exercises added later, one module per lesson (for example ``lesson_03.py``).

The collection's own exercises are defined in :mod:`csto.exercises`; this folder holds none
yet. A module put here calls :func:`csto.exercises.add_exercise` with an ``Exercise`` whose id
starts with its lesson's number ("03-..."); ``csto.exercises`` imports every module here when it
is first imported, so the new exercise works with ``check`` and ``hint`` like the others (give
it a solution file in ``notebooks/solutions/`` too).
"""
