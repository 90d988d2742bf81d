"""The network as a user would write it in PyTorch: a loop over timesteps, one matrix product per layer,
the threshold tested once per timestep (snnTorch style), float32 on one CPU thread. Same weights, same
input spikes; prints seconds per image and agreement with the exact per-event model."""
import argparse
import json
import time

import torch

from common import exact_predict, input_spikes, load_images, load_network, readout


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ir_json")
    p.add_argument("--images", type=int, default=100)
    a = p.parse_args()
    torch.set_num_threads(1)
    net = load_network(a.ir_json)
    layers = [dict(l, wt=torch.tensor(l["w"], dtype=torch.float32)) for l in net["layers"]]
    images = load_images(a.images)
    spikes = [torch.tensor(input_spikes(net, x), dtype=torch.float32) for x in images]  # encoding is not timed

    def infer(s):
        v = [torch.zeros(l["wt"].shape[1]) for l in layers]
        count = torch.zeros(layers[-1]["wt"].shape[1])
        with torch.no_grad():
            for t in range(net["timesteps"]):
                x = s[t]
                for m, l in enumerate(layers):
                    v[m] = torch.clamp(v[m] + x @ l["wt"], l["lo"], l["hi"])
                    v[m] = torch.where(v[m] >= 0, torch.clamp(v[m] - l["leak"], min=0), torch.clamp(v[m] + l["leak"], max=0))
                    x = (v[m] >= l["theta"]).float()
                    v[m] = v[m] - x * l["theta"] if l["reset_subtract"] else v[m] * (1 - x)
                count += x
        return readout(net, count.numpy().astype(int), v[-1].numpy().astype(int))

    infer(spikes[0])  # warm-up
    start = time.perf_counter()
    predicted = [infer(s) for s in spikes]
    seconds = (time.perf_counter() - start) / len(spikes)
    exact = [exact_predict(net, x) for x in images]
    agree = sum(p == e for p, e in zip(predicted, exact)) / len(images)
    print(json.dumps({"peer": "pytorch", "version": torch.__version__, "images": len(images),
                      "seconds_per_image": seconds, "images_per_s": 1 / seconds, "agreement_with_exact": agree}))


if __name__ == "__main__":
    main()
