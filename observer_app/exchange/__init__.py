"""The exchange between laptops: device keys, mission packages, signed bundles, the merge."""
