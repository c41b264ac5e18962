"""The scenario simulator: organised crime groups, migrants' journeys, Channel crossings, money, container
shipments, and each agency's noisy, partial view of them in its own formats, with the ground truth.

    from crossroute.simulate import simulate
    summary = simulate(Path("demo"), seed=7, scale="small")
"""

from crossroute.simulate.api import simulate
from crossroute.simulate.scales import Scale
from crossroute.simulate.summary import FileSummary, SimulationSummary

__all__ = ["FileSummary", "Scale", "SimulationSummary", "simulate"]
