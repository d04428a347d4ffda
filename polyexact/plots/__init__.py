"""Layer 6: pictures (matplotlib, imported only when a picture is drawn).

Every picture is a ``plot_*`` function returning a :class:`matplotlib.figure.Figure` and a
``save_*`` twin writing a PNG atomically. Geometry is exact up to the last step: polygons are
exact vertex lists, converted to floats only when handed to matplotlib.
"""

from polyexact.plots._figure import figure_to_png, region_colour, write_png
from polyexact.plots.minkowski import plot_minkowski, save_minkowski
from polyexact.plots.partition import (
    PartitionPolygons,
    partition_polygons,
    plot_partition,
    plot_polygons,
    save_partition,
)
from polyexact.plots.polygons import Box, bounding_box, clipped_vertices
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
    "PartitionPolygons",
    "PlaneSlice",
    "SliceCell",
    "bounding_box",
    "clipped_vertices",
    "figure_to_png",
    "partition_polygons",
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
    "write_png",
]
