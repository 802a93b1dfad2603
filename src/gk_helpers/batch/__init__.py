"""The batch: papermill execution, warm kernels, the pool, the cache, progress, index and roll-ups."""
