"""Layer 6: pictures (matplotlib, imported only when a picture is drawn).

Every picture is a ``plot_*`` function returning a :class:`matplotlib.figure.Figure`; ``save_*``
twins and :func:`write_figure` write PNG, SVG or PDF (by extension) atomically. Geometry is
exact up to the last step: polygons are exact vertex lists, converted to floats only when handed
to matplotlib.
"""

from polyexact.plots._figure import figure_to_png, region_colour, write_figure, write_png
from polyexact.plots.graph1d import GraphSegments, graph_segments, plot_function_graph
from polyexact.plots.minkowski import plot_minkowski, save_minkowski
from polyexact.plots.partition import (
    PartitionPolygons,
    partition_polygons,
    plot_partition,
    plot_polygons,
    save_partition,
)
from polyexact.plots.polygons import Box, arrangement_window, bounding_box, clipped_vertices
from polyexact.plots.power import plot_power_diagram, power_cells, save_power_diagram
from polyexact.plots.slices import (
    PlaneSlice,
    SliceCell,
    slice_cells,
    slice_model,
    slice_regions,
)

__all__ = [
    "Box",
    "GraphSegments",
    "PartitionPolygons",
    "PlaneSlice",
    "SliceCell",
    "arrangement_window",
    "bounding_box",
    "clipped_vertices",
    "figure_to_png",
    "graph_segments",
    "partition_polygons",
    "plot_function_graph",
    "plot_minkowski",
    "plot_partition",
    "plot_polygons",
    "plot_power_diagram",
    "power_cells",
    "region_colour",
    "save_minkowski",
    "save_partition",
    "save_power_diagram",
    "slice_cells",
    "slice_model",
    "slice_regions",
    "write_figure",
    "write_png",
]
