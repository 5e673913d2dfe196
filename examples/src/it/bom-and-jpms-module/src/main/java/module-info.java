module com.example.app {
    requires dev.spindle.core;
}
