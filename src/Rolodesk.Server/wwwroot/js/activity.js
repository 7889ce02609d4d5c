// Reports real user input to the server as activity (the inactivity rule), at most once per
// interval. Only trusted events count: a script or a background tab with no input sends nothing.
const inputs = ['keydown', 'pointerdown', 'wheel', 'scroll', 'touchstart'];

export function start(dotnet, intervalMs) {
    let last = 0;
    const onInput = e => {
        const now = Date.now();
        if (!e.isTrusted || now - last < intervalMs) return;
        last = now;
        // A lost call must not silence the next input for a whole interval.
        dotnet.invokeMethodAsync('Active').catch(() => { last = 0; });
    };
    const options = { capture: true, passive: true };
    inputs.forEach(name => window.addEventListener(name, onInput, options));
    return { stop: () => inputs.forEach(name => window.removeEventListener(name, onInput, options)) };
}
