Console.WriteLine("placeholder until the benchmark harness lands");
