"""The benchmark, `python -m generator.bench`: real builds of synthetic province-sized trees (`synthetic`),
measured and written into BENCHMARKS.md (`measure`).

May import everything below the command line.
"""
