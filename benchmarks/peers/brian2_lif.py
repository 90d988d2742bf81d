"""The network in Brian2 (numpy code generation, one thread): integer-valued LIF neurons, each spike adds
a weight row with saturation and the threshold is tested every dt. Brian2 delivers a spike one dt after it
is emitted, so the hidden layer's spikes reach the output one timestep late (one extra step is run).
Prints seconds per image and agreement with the exact per-event model."""
import argparse
import json
import time

import brian2 as b
import numpy as np

from common import exact_predict, input_spikes, load_images, load_network, readout


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ir_json")
    p.add_argument("--images", type=int, default=20)
    a = p.parse_args()
    b.prefs.codegen.target = "numpy"
    b.defaultclock.dt = 1 * b.ms
    net = load_network(a.ir_json)
    images = load_images(a.images)
    size = net["layers"][0]["w"].shape[0]
    source = b.SpikeGeneratorGroup(size, [], [] * b.ms)
    groups, synapses, previous = [], [], source
    for l in net["layers"]:
        reset = f"v -= {l['theta']}" if l["reset_subtract"] else "v = 0"
        g = b.NeuronGroup(l["w"].shape[1], "v : 1", threshold=f"v >= {l['theta']}", reset=reset, method="exact")
        g.run_regularly(f"v = int(v >= 0) * clip(v - {l['leak']}, 0, inf) + int(v < 0) * clip(v + {l['leak']}, -inf, 0)", when="end")
        s = b.Synapses(previous, g, "w : 1", on_pre=f"v_post = clip(v_post + w, {l['lo']}, {l['hi']})")
        s.connect()
        s.w = l["w"].flatten()  # connect() orders synapses source-major, as the rows are stored
        groups.append(g)
        synapses.append(s)
        previous = g
    monitor = b.SpikeMonitor(groups[-1])
    network = b.Network(source, *groups, *synapses, monitor)
    network.store()

    def infer(x):
        network.restore()
        t, i = np.nonzero(input_spikes(net, x))
        source.set_spikes(i, t * b.ms)
        network.run((net["timesteps"] + 1) * b.ms)
        return readout(net, np.array(monitor.count[:]), np.array(groups[-1].v[:]).astype(int))

    infer(images[0])  # warm-up (code generation)
    start = time.perf_counter()
    predicted = [infer(x) for x in images]
    seconds = (time.perf_counter() - start) / len(images)
    exact = [exact_predict(net, x) for x in images]
    agree = sum(p == e for p, e in zip(predicted, exact)) / len(images)
    print(json.dumps({"peer": "brian2", "version": b.__version__, "images": len(images),
                      "seconds_per_image": seconds, "images_per_s": 1 / seconds, "agreement_with_exact": agree}))


if __name__ == "__main__":
    main()
