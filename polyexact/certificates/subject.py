"""What a certificate is of: a ``polyexact.model/1`` transformer or a ``polyexact.model/2`` network.

A certificate's ``model`` field holds the model's own file data: a v1 transformer when the model
is one, else the block network (:mod:`polyexact.networks`). These helpers let the writer, the
reader and the verifier treat both alike; the digest is over the canonical form of that data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from polyexact.certificates.cell import Cell
from polyexact.certificates.complex import Adjacency
from polyexact.models import Model, model_from_data, model_to_data
from polyexact.networks.blocks import Network
from polyexact.networks.format import NETWORK_FORMAT, network_from_data, network_to_data

__all__ = ["CellRecords", "Subject", "input_dim", "subject_from_data", "subject_to_data"]

#: The model a certificate is of.
Subject = Model | Network


class CellRecords(Protocol):
    """What the certificate writer reads of an enumeration (a cell complex of either kind)."""

    @property
    def model(self) -> Subject:
        """The model enumerated."""

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The cells, in order."""

    @property
    def adjacency(self) -> tuple[Adjacency, ...]:
        """The shared facets, sorted."""

    @property
    def region_of(self) -> tuple[int, ...]:
        """Each cell's linear region."""

    @property
    def n_cells(self) -> int:
        """The number of cells."""

    @property
    def n_regions(self) -> int:
        """The number of linear regions."""


def subject_to_data(model: Subject) -> dict[str, Any]:
    """The model's file data: ``polyexact.model/1`` for a transformer, ``/2`` for a network.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> from polyexact.networks import random_mlp
    >>> subject_to_data(construction(1, 2, 2, 1))["format"]
    'polyexact.model/1'
    >>> subject_to_data(random_mlp([2, 3, 1], seed=0))["format"]
    'polyexact.model/2'
    """
    if isinstance(model, Network):
        return network_to_data(model)
    return model_to_data(model)


def subject_from_data(data: object) -> Subject:
    """Read a certificate's ``model`` field by its ``format`` tag (``/1`` or ``/2``).

    Raises
    ------
    InputError
        As :func:`polyexact.models.model_from_data` or
        :func:`polyexact.networks.network_from_data`, naming the field.

    Examples
    --------
    >>> from polyexact.networks import random_mlp
    >>> net = random_mlp([2, 3, 1], seed=0)
    >>> subject_from_data(subject_to_data(net)) == net
    True
    """
    if isinstance(data, Mapping) and data.get("format") == NETWORK_FORMAT:
        return network_from_data(data)
    return model_from_data(data)


def input_dim(model: Subject) -> int:
    """The input dimension ``d`` (a transformer's ``d_model``, a network's ``in_dim``).

    Examples
    --------
    >>> from polyexact.networks import random_mlp
    >>> input_dim(random_mlp([3, 2, 1], seed=0))
    3
    """
    return model.in_dim if isinstance(model, Network) else model.d_model
