"""Shared by the peer benchmarks: the network from `snnc ir --json`, the MNIST sample, the rate encoder
of docs/semantics.md#encoding, and an exact per-event model to check predictions against."""
import json
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def load_network(ir_json):
    net = json.loads(Path(ir_json).read_text())["networks"][0]
    if net["update"] != 0 or net["input"]["encoding"] != 0:
        sys.exit("the peer scripts simulate per-event networks with rate encoding")
    layers = []
    for layer in net["layers"]:
        n = layer["neuron"]
        if n["leak"] not in (0, 1):
            sys.exit("the peer scripts simulate no leak or subtract leak")
        layers.append(dict(
            w=np.array(layer["weights"], dtype=np.int64).reshape(layer["input_size"], layer["size"]),
            theta=n["threshold"], leak=n["leak_amount"] if n["leak"] == 1 else 0,
            reset_subtract=n["reset"] == 1,
            lo=-(1 << (n["membrane_bits"] - 1)), hi=(1 << (n["membrane_bits"] - 1)) - 1))
    return dict(name=net["name"], timesteps=net["timesteps"], seed=net["input"]["seed"],
                readout=net["readout"]["mode"], layers=layers)


def load_images(count):
    data = (ROOT / "tests" / "data" / "mnist-test-500-images.idx3-ubyte").read_bytes()
    _, n, rows, cols = struct.unpack(">IIII", data[:16])
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols)[:count]


def input_spikes(net, image):
    """[T, N] booleans: input i spikes at t iff (hash(seed, t, i) >> 24) < x_i (lowbias32, wrapping uint32)."""
    t = np.arange(net["timesteps"], dtype=np.uint64)[:, None]
    i = np.arange(image.size, dtype=np.uint64)[None, :]
    m = np.uint64(0xFFFFFFFF)
    h = (np.uint64(net["seed"]) ^ ((t * np.uint64(0x9E3779B1)) & m) ^ ((i * np.uint64(0x85EBCA77)) & m)) & m
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x7FEB352D)) & m
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(0x846CA68B)) & m
    h ^= h >> np.uint64(16)
    return (h >> np.uint64(24)) < image.astype(np.uint64)[None, :]


def readout(net, counts, v):
    out = net["layers"][-1]
    if net["readout"] == 0:
        return int(np.lexsort((-np.arange(len(v)), v, counts))[-1])
    if net["readout"] == 2:
        return int(np.argmax(counts * out["theta"] + v))
    return int(np.argmax(v))


def exact_predict(net, image):
    """docs/semantics.md#per-event exactly (FIFO = layer by layer in a feed-forward net), to check the peers."""
    layers = net["layers"]
    v = [np.zeros(l["w"].shape[1], dtype=np.int64) for l in layers]
    counts = np.zeros(layers[-1]["w"].shape[1], dtype=np.int64)
    spikes = input_spikes(net, image)

    def deliver(m, sources, nxt):
        l = layers[m]
        for pre in sources:
            v[m] = np.clip(v[m] + l["w"][pre], l["lo"], l["hi"])
            for j in np.nonzero(v[m] >= l["theta"])[0]:
                v[m][j] = v[m][j] - l["theta"] if l["reset_subtract"] else 0
                nxt.append(j)

    for t in range(net["timesteps"]):
        events = [list(np.nonzero(spikes[t])[0])] + [[] for _ in layers]
        for m in range(len(layers)):
            deliver(m, events[m], events[m + 1])
        counts += np.bincount(np.array(events[-1], dtype=np.int64), minlength=counts.size)
        events = [[]] + [[] for _ in layers]
        for m, l in enumerate(layers):
            k = l["leak"]
            v[m] = np.where(v[m] >= 0, np.maximum(v[m] - k, 0), np.minimum(v[m] + k, 0))
            for j in np.nonzero(v[m] >= l["theta"])[0]:
                v[m][j] = v[m][j] - l["theta"] if l["reset_subtract"] else 0
                events[m + 1].append(j)
        for m in range(len(layers)):
            deliver(m, events[m], events[m + 1])
        counts += np.bincount(np.array(events[-1], dtype=np.int64), minlength=counts.size)
    return readout(net, counts, v[-1])
