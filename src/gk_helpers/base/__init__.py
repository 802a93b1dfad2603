"""The base every stage stands on: errors, project paths, atomic files, bounded YAML, the national labels.

Nothing here imports any other part of the kit.
"""
