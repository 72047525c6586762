"""A river network as a graph, and the path along it through a list of waypoints.

WDBII rivers are unnamed polylines. Every vertex becomes a node, consecutive vertices an edge;
a line that ends close to another (a tributary meeting its river, a gap at a confluence) is
joined to it. A named river is then the shortest path through its waypoints, with any detour
up a side branch to reach a waypoint (a town a little off the river) erased again.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import shapely
from shapely.geometry import LineString
from shapely.ops import substring

JOIN_GAP_DEG = 0.01  # a line ending this close to another one flows into it (about 1 km)
NODE_DECIMALS = 5  # vertices closer than ~1 m are one node


class NoPath(ValueError):
    """Two waypoints are not connected in the network."""


class RiverNetwork:
    """Graph of river lines: nodes are vertices, edge weights local-metric lengths (degrees)."""

    def __init__(self, lines: Sequence[LineString]) -> None:
        coords = [np.asarray(line.coords) for line in lines]
        keys = np.round(np.vstack(coords), NODE_DECIMALS)
        self.nodes, index = np.unique(keys, axis=0, return_inverse=True)
        index = index.ravel()
        self.edges: list[dict[int, float]] = [{} for _ in range(len(self.nodes))]
        start = 0
        ends = set()
        for xy in coords:
            ids = index[start : start + len(xy)]
            start += len(xy)
            for a, b in pairwise(ids):
                self._join(int(a), int(b))
            ends.update((int(ids[0]), int(ids[-1])))
        self._join_loose_ends(sorted(ends))

    def _length(self, a: int, b: int) -> float:
        (x0, y0), (x1, y1) = self.nodes[a], self.nodes[b]
        return math.hypot((x1 - x0) * math.cos(math.radians((y0 + y1) / 2)), y1 - y0)

    def _join(self, a: int, b: int) -> None:
        if a != b:
            self.edges[a][b] = self.edges[b][a] = self._length(a, b)

    def _join_loose_ends(self, ends: list[int]) -> None:
        points = shapely.points(self.nodes)
        tree = shapely.STRtree(points)
        for end in ends:
            if len(self.edges[end]) != 1:
                continue
            near = tree.query(points[end], predicate="dwithin", distance=JOIN_GAP_DEG)
            candidates = [int(n) for n in near if n != end and n not in self.edges[end]]
            # Skip the line's own vertices: joining to them would only make a loop.
            own = self._line_neighbourhood(end, JOIN_GAP_DEG * 3)
            candidates = [n for n in candidates if n not in own]
            if candidates:
                self._join(end, min(candidates, key=lambda n: self._length(end, n)))

    def _line_neighbourhood(self, start: int, reach: float) -> set[int]:
        seen, todo = {start}, [(0.0, start)]
        while todo:
            dist, node = todo.pop()
            for nxt, length in self.edges[node].items():
                if nxt not in seen and dist + length <= reach:
                    seen.add(nxt)
                    todo.append((dist + length, nxt))
        return seen

    def nearest_node(self, lon: float, lat: float) -> tuple[int, float]:
        """The node nearest to a point and its distance in km (approximate)."""
        dx = (self.nodes[:, 0] - lon) * math.cos(math.radians(lat))
        dist = np.hypot(dx, self.nodes[:, 1] - lat)
        i = int(dist.argmin())
        return i, float(dist[i]) * 111.2

    def _shortest(self, source: int, target: int) -> list[int]:
        best, previous, heap = {source: 0.0}, {}, [(0.0, source)]
        while heap:
            dist, node = heapq.heappop(heap)
            if node == target:
                break
            if dist > best[node]:
                continue
            for nxt, length in self.edges[node].items():
                if dist + length < best.get(nxt, math.inf):
                    best[nxt], previous[nxt] = dist + length, node
                    heapq.heappush(heap, (dist + length, nxt))
        if target not in best:
            raise NoPath(f"no river connects {self.nodes[source]} to {self.nodes[target]}")
        path = [target]
        while path[-1] != source:
            path.append(previous[path[-1]])
        return path[::-1]

    def trace(self, stops: Sequence[int]) -> LineString:
        """The path through the nodes ``stops`` in order, with back-and-forth detours erased."""
        path = [stops[0]]
        for a, b in pairwise(stops):
            path += self._shortest(a, b)[1:]
        kept: list[int] = []
        position: dict[int, int] = {}
        for node in path:  # loop erasure: returning to a node drops everything since
            if node in position:
                for dropped in kept[position[node] + 1 :]:
                    position.pop(dropped, None)
                kept = kept[: position[node] + 1]
            else:
                position[node] = len(kept)
                kept.append(node)
        return LineString(self.nodes[kept])


def follow_border(river: LineString, border: LineString, within_deg: float, min_run: int) -> LineString:
    """``river`` with every stretch that runs along ``border`` replaced by the border itself.

    A stretch is a run of at least ``min_run`` consecutive river vertices within ``within_deg``
    of the border line; it is replaced by the part of the border between the points nearest to
    the stretch's ends, so that a river that *is* the boundary coincides with it.
    """
    coords = np.asarray(river.coords)
    near = shapely.distance(shapely.points(coords), border) <= within_deg
    out: list[np.ndarray] = []
    i = 0
    while i < len(coords):
        if not near[i]:
            out.append(coords[i : i + 1])
            i += 1
            continue
        j = i
        while j < len(coords) and near[j]:
            j += 1
        if j - i >= min_run:
            a, b = border.project(shapely.Point(coords[i])), border.project(shapely.Point(coords[j - 1]))
            piece = np.asarray(substring(border, min(a, b), max(a, b)).coords)
            out.append(piece if a <= b else piece[::-1])
        else:
            out.append(coords[i:j])
        i = j
    return LineString(np.vstack(out))
