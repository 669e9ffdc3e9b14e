package dev.streaminglabs.lab07;

/** The demo of lab 07 (written later). */
final class ClickAttributionDemo {

    private ClickAttributionDemo() {
    }

    static void main(String[] args) {
    }
}
