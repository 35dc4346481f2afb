"""Story comparisons on Ray: each story is compared by one actor (which loads spaCy and the
claim encoder once), stories flow through a bounded window, and comparisons come back in
story order. A comparison reads only its own story's articles, so stories are independent
work items; the result is the same Comparison `compare_articles` gives in-process."""

from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator, Sequence

from newsprism.config import Config
from newsprism.model import AnalyzedArticle, Comparison

# Stories in flight per actor: enough to keep each busy while the driver reads the next.
IN_FLIGHT_PER_ACTOR = 2


class StoryComparer:
    def __init__(self, config: Config) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.config = config

    def compare(self, analyzed: Sequence[AnalyzedArticle]) -> Comparison:
        from newsprism.compare import CompareConfig, compare_articles

        # A story of the corpus: its grouping is not checked again.
        return compare_articles(analyzed, self.config, compare_config=CompareConfig(check_stories=False))


def compare_on_ray(workers: int | None = None) -> "CompareOnRay":
    return CompareOnRay(workers)


class CompareOnRay:
    """A `newsprism.export.CompareMany` that runs on the Ray cluster this process is
    connected to."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers

    def __call__(self, stories: Iterable[Sequence[AnalyzedArticle]], config: Config) -> Iterator[Comparison]:
        import ray

        from newsprism.engines.ray_cluster import cluster_cpus

        size = self.workers or cluster_cpus()
        # A killed actor is restarted and its calls retried, as in the ingest stages.
        remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=-1)(StoryComparer)
        actors = [remote.remote(config) for _ in range(size)]
        pending: deque = deque()
        try:
            for number, analyzed in enumerate(stories):
                pending.append(actors[number % size].compare.remote(list(analyzed)))
                if len(pending) >= size * IN_FLIGHT_PER_ACTOR:
                    yield ray.get(pending.popleft())
            while pending:
                yield ray.get(pending.popleft())
        finally:
            for actor in actors:
                ray.kill(actor)
