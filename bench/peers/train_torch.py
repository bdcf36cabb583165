"""Contender: one epoch of the same LSTM in PyTorch on CPU: one-hot [window, size] -> Linear(size, 32, no bias)
-> LSTM(32 -> units) -> Linear(units, size) + softmax (CrossEntropyLoss on logits), Adam lr 0.005, shuffled batches.
Usage: train_torch.py <sequence.txt> <window> <units> <embedding> <batch> [threads]. Prints one JSON line."""
import json, sys, time

import torch
from torch import nn

path, window, units, embedding, batch = sys.argv[1], *map(int, sys.argv[2:6])
if len(sys.argv) > 6:
    torch.set_num_threads(int(sys.argv[6]))
torch.manual_seed(1)

actions = [l.strip() for l in open(path) if l.strip()]
counts = {}
for a in actions:
    counts[a] = counts.get(a, 0) + 1
vocab = ["<pad>", "<unk>"] + sorted(counts, key=lambda a: (-counts[a], a))
index = {a: i for i, a in enumerate(vocab)}
ids = [index[a] for a in actions]
size = len(vocab)
contexts = torch.tensor([[ids[j] if j >= 0 else 0 for j in range(i - window, i)] for i in range(len(ids))])
targets = torch.tensor(ids)
x_all = nn.functional.one_hot(contexts, size).float()


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.projection = nn.Linear(size, embedding, bias=False)
        self.lstm = nn.LSTM(embedding, units, batch_first=True)
        self.next = nn.Linear(units, size)

    def forward(self, x):
        out, _ = self.lstm(self.projection(x))
        return self.next(out[:, -1])  # logits; CrossEntropyLoss applies the softmax


model = Model()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
loss_fn = nn.CrossEntropyLoss()


def epoch(order):
    total = 0.0
    for start in range(0, len(order), batch):
        rows = order[start:start + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x_all[rows]), targets[rows])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(rows)
    return total / len(order)


generator = torch.Generator().manual_seed(1)
epoch(torch.randperm(len(ids), generator=generator))  # warm-up epoch: the second is timed, as in the TF.js contender
started = time.perf_counter()
cpu_started = time.process_time()  # CPU time of all threads: compare it with TF.js' at 1 thread
loss = epoch(torch.randperm(len(ids), generator=generator))
seconds = time.perf_counter() - started
cpu_seconds = time.process_time() - cpu_started
print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "windows": len(ids), "size": size, "units": units, "batchSize": batch,
                  "threads": torch.get_num_threads(), "loss": loss, "torch": torch.__version__}))
