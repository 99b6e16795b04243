"""Engines past one process: OpenAI's Batch API (:mod:`claimex.scale.openai_batch`) and a Ray
cluster (:mod:`claimex.scale.ray`, with the ``claimex[ray]`` extra). Both run the same
:class:`~claimex.pipeline.extractor.Extractor` and write the records ``claimex extract`` writes.
"""
