"""Writes the fixtures of the TRADES trainer's tests, with PyTorch as the reference.

Run with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 framework/src/test/python/make_trades_fixtures.py
Outputs go to framework/src/test/resources/trades/ and are committed; tests never run Python.

- trades-cnn.pt: conv(1->16, stride 2) + BatchNorm + ReLU + maxpool + Dropout(0.25) + fc. 16 channels
  because PyTorch 2.7.1's CPU conv2d input gradient is nondeterministic (sometimes NaN) for layers
  with 4 or 8 output channels, such as tiny-cnn.pt's; 16 and 32 are stable.
- trades-reference-cnn.pt: the same without dropout, and trades-reference.csv: one TRADES step
  computed by the official TRADES code (github.com/yaodongyu/TRADES, trades.py), lines of
  "name;shape;values".
"""
import os
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "trades")
EPSILON, STEP_SIZE, STEPS, BETA, LR, MOMENTUM = 0.1, 0.025, 10, 6.0, 0.1, 0.9


class TradesCnn(nn.Module):
    def __init__(self, dropout):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 3, stride=2)
        self.bn = nn.BatchNorm2d(16)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(16 * 6 * 6, 10)

    def forward(self, x):
        h = F.max_pool2d(torch.relu(self.bn(self.conv(x))), 2)
        return self.fc(self.drop(h.flatten(1)))


def build(dropout):
    torch.manual_seed(0)
    model = TradesCnn(dropout)
    with torch.no_grad():
        model.bn.running_mean.uniform_(-0.5, 0.5)
        model.bn.running_var.uniform_(0.5, 2.0)
    return model


def save(module, name):
    path = os.path.join(OUT, name)
    torch.jit.save(torch.jit.script(module.eval()), path + ".tmp")
    os.replace(path + ".tmp", path)


def trades_step(model, x_natural, x_start, y, optimizer):
    """trades_loss of the official code, with the start point given instead of drawn."""
    criterion_kl = nn.KLDivLoss(reduction="sum")
    model.eval()
    batch_size = len(x_natural)
    x_adv = x_start.detach()
    for _ in range(STEPS):
        x_adv.requires_grad_()
        with torch.enable_grad():
            loss_kl = criterion_kl(F.log_softmax(model(x_adv), dim=1), F.softmax(model(x_natural), dim=1))
        grad = torch.autograd.grad(loss_kl, [x_adv])[0]
        x_adv = x_adv.detach() + STEP_SIZE * torch.sign(grad.detach())
        x_adv = torch.min(torch.max(x_adv, x_natural - EPSILON), x_natural + EPSILON)
        x_adv = torch.clamp(x_adv, 0.0, 1.0)
    model.train()
    x_adv = torch.clamp(x_adv, 0.0, 1.0).detach()
    optimizer.zero_grad()
    logits = model(x_natural)
    loss_natural = F.cross_entropy(logits, y)
    loss_robust = (1.0 / batch_size) * criterion_kl(F.log_softmax(model(x_adv), dim=1),
                                                    F.softmax(model(x_natural), dim=1))
    loss = loss_natural + BETA * loss_robust
    loss.backward()
    return x_adv, loss_natural.item(), loss_robust.item(), loss.item()


def row(name, t):
    t = torch.as_tensor(t, dtype=torch.float32)
    shape = ",".join(str(d) for d in t.shape)
    return name + ";" + shape + ";" + ",".join(repr(v) for v in t.flatten().tolist()) + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    save(build(0.25), "trades-cnn.pt")
    model = build(0.0)
    save(model, "trades-reference-cnn.pt")
    g = torch.Generator().manual_seed(3)
    x = torch.rand(8, 1, 28, 28, generator=g)
    y = torch.randint(0, 10, (8,), generator=g)
    start = torch.clamp(x + 0.001 * torch.randn(x.shape, generator=g), 0.0, 1.0)
    probe = torch.rand(4, 1, 28, 28, generator=g)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    x_adv, natural, robust, loss = trades_step(model, x, start, y, optimizer)
    rows = [row("x", x), row("y", y), row("start", start), row("x_adv", x_adv),
            row("losses", [natural, robust, loss])]
    rows += [row("grad." + n, p.grad) for n, p in model.named_parameters()]
    optimizer.step()
    rows += [row("param." + n, p.detach()) for n, p in model.named_parameters()]
    model.eval()
    with torch.no_grad():
        rows += [row("probe", probe), row("probe_logits_after", model(probe))]
    with open(os.path.join(OUT, "trades-reference.csv"), "w") as f:
        f.writelines(rows)
    print("wrote", sorted(os.listdir(OUT)), "losses", natural, robust, loss)


if __name__ == "__main__":
    main()
