package dev.jtorch.seeds;

import static dev.jtorch.Torch.relu;

import dev.jtorch.Tensor;
import dev.jtorch.nn.Conv2d;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.MaxPool2d;
import dev.jtorch.nn.Module;

/** SEED_PROGRAMS 5's ConvNet for 3x32x32 images, exactly as the tutorial writes it. */
public class SeedConvNet extends Module {
    public final Conv2d conv1 = new Conv2d(3, 32, 3, 1, 1), conv2 = new Conv2d(32, 64, 3, 1, 1),
            conv3 = new Conv2d(64, 128, 3, 1, 1);
    public final Linear fc1 = new Linear(128 * 4 * 4, 128), fc2 = new Linear(128, 10);
    public final MaxPool2d pool = new MaxPool2d(2, 2);

    @Override
    public Tensor forward(Tensor x) {
        x = pool.forward(relu(conv1.forward(x)));
        x = pool.forward(relu(conv2.forward(x)));
        x = pool.forward(relu(conv3.forward(x)));
        x = x.view(-1, 128 * 4 * 4);
        return fc2.forward(relu(fc1.forward(x)));
    }
}
